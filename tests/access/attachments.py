from tests.access.common import expect

# Readable by whoever may read the comment: staff designated for its site, and the City-wide
# readers (administrators, records clerks). Others get 404, not a hint that it exists.
EXPECTATIONS = {
    "moderation:attachment_download": (
        {"pk": "attachment"},
        expect(404, anonymous="login", moderator=200, supervisor=200, clerk=200, admin=200),
    ),
}


def build_scene(scene):
    from django.core.files.base import ContentFile

    from moderation.models import Attachment
    from tests.factories import CommentFactory

    comment = CommentFactory(site=scene["site_obj"])
    attachment = Attachment(
        comment=comment, source_url="https://cdn.example/a.png", media_type="image/png"
    )
    attachment.file.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\n-fake-"), save=False)
    attachment.save()
    return {"attachment": attachment.pk}

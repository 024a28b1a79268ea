"""factory_boy factories. Domain rows that services own are made through the services in
tests that check behaviour; factories are for arranging the scene."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from moderation.models import Designation, Platform, Site

TEST_PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@stanton.example")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    title = "Communications Specialist"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    platform = Platform.FACEBOOK
    name = factory.Sequence(lambda n: f"Stanton page {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    handle = factory.Sequence(lambda n: f"stanton{n}")
    platform_page_id = factory.Sequence(lambda n: f"page-{n}")


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    user = factory.SubFactory(UserFactory)
    site = factory.SubFactory(SiteFactory)
    designated_by = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(timezone.localdate)


class PublicAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "moderation.PublicAccount"

    platform = Platform.FACEBOOK
    external_id = factory.Sequence(lambda n: f"acct-{n}")
    handle = factory.Sequence(lambda n: f"resident{n}")
    display_name = factory.Sequence(lambda n: f"Resident {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "moderation.Post"

    site = factory.SubFactory(SiteFactory)
    external_id = factory.Sequence(lambda n: f"post-{n}")
    body = "Street sweeping resumes Monday on the north side of Katella Avenue."
    posted_at = factory.LazyFunction(timezone.now)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment as ingestion stores it, with its first revision."""

    class Meta:
        model = "moderation.Comment"
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    post = factory.SubFactory(PostFactory, site=factory.SelfAttribute("..site"))
    account = factory.SubFactory(PublicAccountFactory)
    external_id = factory.Sequence(lambda n: f"comment-{n}")
    body = "What time does the library open on Saturdays?"
    content_hash = factory.LazyAttribute(
        lambda o: __import__("hashlib").sha256(o.body.encode()).hexdigest()
    )
    posted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def first_revision(self, create, extracted, **kwargs):
        if create:
            from moderation.models import CommentRevision

            CommentRevision.objects.create(
                comment=self,
                number=1,
                body=self.body,
                content_hash=self.content_hash,
                # `CommentFactory(first_revision__raw_payload=...)` keeps a payload on it too.
                raw_payload=kwargs.get("raw_payload", {}),
            )

from django.db import migrations

from audit.retention import protect_tables


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_moderation_domain")]

    operations = [
        protect_tables(
            "moderation_policyversion",
            "moderation_policycategory",
            "moderation_publicaccount",
            "moderation_post",
            "moderation_comment",
            "moderation_commentrevision",
            "moderation_attachment",
            "moderation_flagrule",
            "moderation_flag",
            "moderation_decision",
            "moderation_decisioncategory",
            "moderation_ban",
            "moderation_bancategory",
            "moderation_banevidence",
            "moderation_platformaction",
            "moderation_claim",
            "moderation_apitoken",
            "moderation_subscribersnapshot",
            "moderation_historicalpolicyversion",
            "moderation_historicalpolicycategory",
            "moderation_historicalpublicaccount",
            "moderation_historicalpost",
            "moderation_historicalcomment",
            "moderation_historicalcommentrevision",
            "moderation_historicalattachment",
            "moderation_historicalflagrule",
            "moderation_historicalflag",
            "moderation_historicaldecision",
            "moderation_historicalban",
            "moderation_historicalplatformaction",
            "moderation_historicalclaim",
            "moderation_historicalapitoken",
            "moderation_historicalsubscribersnapshot",
        )
    ]

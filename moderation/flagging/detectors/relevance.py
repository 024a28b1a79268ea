"""Topic relevance: how close a comment is to the City's post it answers and to the rest of
its thread, as the cosine similarity of TF-IDF vectors (scikit-learn). The policy lets the
City remove comments "substantially off-topic from the original topic"; this measures it so
a moderator sees a number and the post it was compared with, never a guess.

A `TopicProfile` is built once per post and batch (batch.py loads each post and its thread in
bulk) and shared by every comment on that post; a comment costs one `transform`. Relevance
alone never flags (people wander off topic all the time): the link and self-promotion rules
read it, and flag a link or a lure on a comment that is far from its post.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Words too common on a City page to say what a post is about.
EXTRA_STOP_WORDS = ("city", "stanton", "please", "thanks", "thank", "just", "like", "get")


@dataclass
class TopicProfile:
    post_id: int | None
    post_excerpt: str
    vectorizer: object = field(repr=False)
    post_vector: object = field(repr=False)
    thread_sum: object = field(repr=False)
    thread_texts: frozenset[str] = field(repr=False, default=frozenset())
    thread_count: int = 0

    @classmethod
    def build(
        cls, *, post_id: int | None, post_text: str, thread_texts: tuple[str, ...] = ()
    ) -> TopicProfile | None:
        """None when there is too little text to say what the post is about."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

        documents = [post_text or "", *thread_texts]
        if not any(len(d.split()) >= 3 for d in documents):
            return None
        vectorizer = TfidfVectorizer(
            lowercase=True,
            stop_words=sorted(ENGLISH_STOP_WORDS.union(EXTRA_STOP_WORDS)),
            sublinear_tf=True,
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",  # noqa: S106 - a word pattern
            max_features=20_000,
        )
        try:
            matrix = vectorizer.fit_transform(documents)
        except ValueError:  # nothing but stop words
            return None
        post_vector = matrix[0]
        thread = matrix[1:]
        thread_sum = np.asarray(thread.sum(axis=0)).ravel() if thread.shape[0] else None
        return cls(
            post_id=post_id,
            post_excerpt=" ".join((post_text or "").split())[:80],
            vectorizer=vectorizer,
            post_vector=post_vector,
            thread_sum=thread_sum,
            thread_texts=frozenset(thread_texts),
            thread_count=thread.shape[0],
        )

    def relevance(self, text: str) -> float | None:
        """The larger of the comment's cosine similarity to the post and to the centroid of
        the thread's other comments, from 0 (nothing in common) to 1; None when the comment
        has no word the profile knows and no content words at all."""
        vector = self.vectorizer.transform([text])
        if vector.nnz == 0:
            return 0.0
        dense = vector.toarray().ravel()
        post = self.post_vector.toarray().ravel()
        best = _cosine(dense, post)
        if self.thread_sum is not None:
            centroid = self.thread_sum.copy()
            count = self.thread_count
            if text in self.thread_texts:  # leave the comment itself out of its thread
                centroid = centroid - dense
                count -= 1
            if count > 0:
                best = max(best, _cosine(dense, centroid / count))
        return round(float(best), 3)


def _cosine(a, b) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else 0.0


def relevance_of(doc) -> tuple[float | None, TopicProfile | None]:
    """(relevance, profile) for the comment, computed once; (None, None) without a post."""
    cached = getattr(doc, "_relevance", None)
    if cached is not None:
        return cached
    profile = doc.context.topic
    if profile is None and doc.context.post_text:
        # A caller that gave the post but no profile (batch.py builds one per post).
        profile = TopicProfile.build(
            post_id=doc.context.post_id,
            post_text=doc.context.post_text,
            thread_texts=doc.context.thread_texts,
        )
    value = profile.relevance(doc.text) if profile is not None else None
    doc._relevance = (value, profile)
    return doc._relevance


def relevance_evidence(value: float | None, profile: TopicProfile | None) -> str:
    if value is None or profile is None:
        return "No City post to compare with."
    post = f"post #{profile.post_id}" if profile.post_id else "the post"
    excerpt = f" (“{profile.post_excerpt}”)" if profile.post_excerpt else ""
    others = f" and its {profile.thread_count} other comment(s)" if profile.thread_count else ""
    return f"Topic relevance {value:.2f} to {post}{excerpt}{others}."


# The most recent comments of one thread read for its profile: enough to know what people
# are talking about, bounded however long the thread grows.
THREAD_COMMENTS_PER_POST = 200


@dataclass(frozen=True)
class PostTopic:
    post_id: int
    post_text: str
    thread_texts: tuple[str, ...]
    profile: TopicProfile | None

    def context_fields(self) -> dict:
        return {
            "post_id": self.post_id,
            "post_text": self.post_text,
            "thread_texts": self.thread_texts,
            "topic": self.profile,
        }


def post_topics_load(post_ids) -> dict[int, PostTopic]:
    """Each post's text, its thread's most recent comments and their TF-IDF profile, for a
    batch: two queries whatever the batch size, one profile per post."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from moderation.models import Comment, PlatformState, Post

    post_ids = {pk for pk in post_ids if pk is not None}
    if not post_ids:
        return {}
    posts = dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "body"))
    ranked = (
        Comment.objects.filter(post_id__in=posts)
        .exclude(platform_state=PlatformState.DELETED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("post_id")],
                order_by=[F("posted_at").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=THREAD_COMMENTS_PER_POST)
        .values_list("post_id", "body")
    )
    threads: dict[int, list[str]] = {pk: [] for pk in posts}
    for post_id, body in ranked:
        if body:
            threads[post_id].append(body)
    topics = {}
    for pk, body in posts.items():
        thread = tuple(threads[pk])
        topics[pk] = PostTopic(
            post_id=pk,
            post_text=body or "",
            thread_texts=thread,
            profile=TopicProfile.build(post_id=pk, post_text=body or "", thread_texts=thread),
        )
    return topics

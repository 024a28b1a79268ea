"""Answering the public: comments that ask the City something, the replies staff send (checked
for personal information first), saved replies, the staff directory the check reads, reports
of accounts to the platforms, and requests from outside parties to post on the City's pages."""

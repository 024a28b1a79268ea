"""The Brown Act monitor (Gov. Code 54952.2(b)(3)): a member of a City legislative body who
responds directly to another member's comment on a matter within the body's jurisdiction, or a
majority of a body's members taking part in one thread, may be a serial meeting. The monitor
tells the City Clerk, with the thread; it never removes or hides anything. A member answering
a member of the public is not an alert."""

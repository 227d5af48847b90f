"""Each person's home page as a task list: what is waiting for them, by role.

Other areas import this package, never its modules."""

from listening.services.home.waiting import (
    AnchorTasks,
    DraftSession,
    OrganiserTasks,
    StaffTasks,
    anchor_tasks,
    organiser_tasks,
    staff_tasks,
)

__all__ = [
    "AnchorTasks",
    "DraftSession",
    "OrganiserTasks",
    "StaffTasks",
    "anchor_tasks",
    "organiser_tasks",
    "staff_tasks",
]

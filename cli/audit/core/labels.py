"""Status codes and their Chinese names: what output.py needs to print a cached report without the model."""

STATUSES = ("completed", "on_track", "lagging", "stalled", "unassessed")
STATUS_LABELS = {
    "completed": "已完成",
    "on_track": "序时推进",
    "lagging": "滞后",
    "stalled": "停滞",
    "unassessed": "待评估",
}

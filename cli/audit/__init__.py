"""audit: progress audit of a government work report's key tasks (政府工作报告重点任务督查)."""

__version__ = "0.1.0"

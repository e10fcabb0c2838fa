"""The timeline: the log folded into entries, each a happening with its sources."""

from spacedip.timeline.entry import ArticleInfo, Conflict, Source, Timeline, TimelineEntry

__all__ = ["ArticleInfo", "Conflict", "Source", "Timeline", "TimelineEntry"]

"""ClusterQA: question answering over the Global Advanced Manufacturing Clusters Trends Report 2023."""
from qa.bot import ReportQA
from qa.errors import ClusterQAError, CorruptIndexError, DocumentError, EmptyQuestionError, IndexStateError
from qa.records import Answer, Cluster, Passage
from qa.settings import Settings, settings_from_env

__all__ = [
    "ReportQA", "Answer", "Cluster", "Passage", "Settings", "settings_from_env",
    "ClusterQAError", "CorruptIndexError", "DocumentError", "EmptyQuestionError", "IndexStateError",
]

"""绩效考核报告生成器 — KPI appraisal report generator for customer-service teams."""

__version__ = "0.1.0"

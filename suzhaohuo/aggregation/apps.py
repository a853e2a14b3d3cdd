from django.apps import AppConfig


class AggregationConfig(AppConfig):
    name = "suzhaohuo.aggregation"
    label = "aggregation"
    verbose_name = "岗位归集"

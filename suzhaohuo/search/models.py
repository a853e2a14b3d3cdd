"""Search index rows (one per visible posting), hidden jobs/employers, and the dispatch log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDoc(models.Model):
    """A published posting as the search engine sees it: segmented text plus the filter/sort columns.

    Only published postings have a row. Full-text matching uses an FTS5 table (SQLite) or a
    tsvector column with a GIN index (PostgreSQL) built over ``tokens``; see migration 0002.
    """

    job = models.OneToOneField("jobs.Job", primary_key=True, on_delete=models.CASCADE, related_name="search_doc",
                               verbose_name=_("岗位"))
    tokens = models.TextField(_("分词"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    valid_until = models.DateTimeField(_("有效期至"))
    settlement = models.CharField(_("结算方式"), max_length=16)
    category_code = models.CharField(_("类别编码"), max_length=32)
    township_code = models.CharField(_("乡镇（街道）代码"), max_length=12)
    county_code = models.CharField(_("县（区）代码"), max_length=6)
    employer_id = models.BigIntegerField(_("用工主体"), db_index=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    cell = models.IntegerField(_("网格"), null=True, blank=True)
    pay_daily = models.DecimalField(_("折合日薪（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)
    # newest first as one integer: publish time in whole seconds × 10⁹ + job id (see recency_of). Unique, so
    # it is also the FTS5 rowid on SQLite: a keyword search reads matches newest-first and stops at the page.
    recency = models.BigIntegerField(_("排序键"), unique=True)
    # the employer's record, copied in so recommendations need no per-request lookup (refreshed by
    # job_index_refresh and the periodic employer_reliability_refresh task)
    employer_rating = models.FloatField(_("雇主评分"), null=True, blank=True)
    employer_on_time = models.FloatField(_("按时付款率"), null=True, blank=True)

    class Meta:
        verbose_name = _("搜索索引")
        verbose_name_plural = _("搜索索引")
        indexes = [
            models.Index(fields=["county_code", "-recency"], name="sdoc_county_rec_idx"),
            models.Index(fields=["township_code", "-recency"], name="sdoc_township_rec_idx"),
            models.Index(fields=["category_code", "-recency"], name="sdoc_category_rec_idx"),
            # recommendations: the worker's category in the home county, newest first (exact, no BitmapAnd)
            models.Index(fields=["county_code", "category_code", "-recency"], name="sdoc_cty_cat_rec_idx"),
            models.Index(fields=["cell"], name="sdoc_cell_idx"),
        ]

    def __str__(self) -> str:
        return str(self.job_id)


class HiddenJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("零工"))
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("岗位"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不感兴趣的岗位")
        verbose_name_plural = _("不感兴趣的岗位")
        constraints = [models.UniqueConstraint(fields=["user", "job"], name="hiddenjob_user_job_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.job_id}"


class HiddenEmployer(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("零工"))
    employer = models.ForeignKey("identity.Employer", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("用工主体"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("屏蔽的用工主体")
        verbose_name_plural = _("屏蔽的用工主体")
        constraints = [models.UniqueConstraint(fields=["user", "employer"], name="hiddenemp_user_emp_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.employer_id}"

"""Supervisors keep the law texts current; other staff may read them but not change them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal.admin import TamperedAddressGuard
from portal.forms import PlainMessagesModelForm

from .models import Article, Chapter, Law


class SupervisorsEditStaffReads(TamperedAddressGuard, admin.ModelAdmin):
    form = PlainMessagesModelForm

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def _may_edit(self, request, action):
        return request.user.is_active and request.user.has_perm(
            f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        )

    def has_add_permission(self, request):
        return self._may_edit(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, "delete")


class ChapterInline(admin.TabularInline):
    model = Chapter
    form = PlainMessagesModelForm
    extra = 0


@admin.register(Law)
class LawAdmin(SupervisorsEditStaffReads, TranslationAdmin):
    """The source line in Chinese and English (legal/translation.py)."""

    list_display = ["title_en", "title_zh", "adopted", "amended", "effective"]
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(SupervisorsEditStaffReads):
    list_display = ["law", "number", "title_en", "title_zh", "first_article", "last_article"]
    list_filter = ["law"]
    list_select_related = ["law"]


class ChapterFilter(admin.RelatedFieldListFilter):
    """A chapter is named with its law: read the laws with the chapters, not one by one."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or ["law", "number"]
        chapters = Chapter.objects.select_related("law").order_by(*ordering)
        return [(chapter.pk, str(chapter)) for chapter in chapters]


@admin.register(Article)
class ArticleAdmin(SupervisorsEditStaffReads):
    list_display = ["law", "number", "chapter", "has_english"]
    list_filter = ["law", ("chapter", ChapterFilter)]
    list_select_related = ["law", "chapter__law"]
    search_fields = ["text_zh", "text_en"]
    ordering = ["law", "number"]

    @admin.display(boolean=True, description=_("English text"))
    def has_english(self, article):
        return bool(article.text_en)

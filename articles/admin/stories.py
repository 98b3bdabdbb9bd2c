from django.contrib import admin

from ..models import Correction, Story, StoryAuthor, StoryPhoto


class StoryAuthorInline(admin.TabularInline):
    model = StoryAuthor
    extra = 0
    autocomplete_fields = ["author"]


class StoryPhotoInline(admin.TabularInline):
    model = StoryPhoto
    extra = 0
    autocomplete_fields = ["photo"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    readonly_fields = ["created_by"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "publish_at", "updated_at"]
    list_filter = ["status", "section", "agency"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "agency", "lead_photo"]
    list_select_related = ["section", "section__parent"]
    inlines = [StoryAuthorInline, StoryPhotoInline, CorrectionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

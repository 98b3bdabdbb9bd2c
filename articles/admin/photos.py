from django.contrib import admin

from ..models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "photographer", "agency", "width", "height", "created_at"]
    list_filter = ["agency", "created_at"]
    search_fields = ["caption", "credit", "photographer", "headline"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]
    readonly_fields = ["width", "height", "file_hash", "embedded_metadata", "uploaded_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

app_name = "regulation"
urlpatterns: list = []

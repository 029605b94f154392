from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:law_slug>/", views.law_detail, name="law"),
    path("<slug:law_slug>/article-<int:number>/", views.article_detail, name="article"),
]

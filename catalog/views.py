"""Placeholder views: the public pages are being built."""

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError


def home(request):
    return HttpResponse("certportal")


def certification_list(request):
    return HttpResponse("list")


def certification_detail(request, code):
    return HttpResponse(code)


def body_list(request):
    return HttpResponse("bodies")


def body_detail(request, acronym):
    return HttpResponse(acronym)


def compare(request):
    return HttpResponse("compare")


def page_not_found(request, exception):
    return HttpResponseNotFound("Not found")


def server_error(request):
    return HttpResponseServerError("Server error")

"""The guidance page built from the engine's verdicts (being built)."""

from django.http import HttpResponse


def results(request, pk):
    return HttpResponse("results")


def delete(request, pk):
    return HttpResponse("delete")

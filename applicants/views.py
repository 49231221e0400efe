"""The questionnaire: start, one page a step, check your answers (being built)."""

from django.http import HttpResponse


def start(request):
    return HttpResponse("start")


def resume(request, pk):
    return HttpResponse("resume")


def step(request, pk, step):
    return HttpResponse(step)


def check_answers(request, pk):
    return HttpResponse("check")

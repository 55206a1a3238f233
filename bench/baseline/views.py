"""POST /bench/baseline: parse the JSON body and store it as is, the floor under the sealed path."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import PlainSubmission


# CSRF-exempt like the public API (django-ninja without cookie auth), so both paths run the same middleware.
@csrf_exempt
@require_POST
def store_plain(request):
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "invalid", "message": "The body is not JSON."}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "invalid", "message": "The body must be a JSON object."}, status=422)
    row = PlainSubmission.objects.create(payload=payload)
    return JsonResponse({"reference": str(row.pk)}, status=201)

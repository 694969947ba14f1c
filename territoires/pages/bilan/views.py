"""The bilan of the programme as of a day: /bilan/ (national) and
/regions/<region_code>/bilan/ (a region's), as a page, a PDF and a DOCX.

Everyone reads the public bilan (published fiches, no money); the national team and the
operators read the full one, the Région's and the State's regional scopes the full one of
their region (`permissions/bilan.py`). A wrong date is a French 400 with the form."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from territoires.core.text import alphabetical
from territoires.pages.shortcuts import breadcrumb
from territoires.permissions import policy_for
from territoires.referential.models import Region
from territoires.steering import cache as figures_cache
from territoires.steering import report

from .forms import BilanDateForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _read(request, region):
    """The form, and the bilan of its day (None when the date is wrong)."""
    form = BilanDateForm(request.GET)
    if not form.is_valid():
        return form, None
    full = policy_for(request.user).reads_full_bilan(region)
    return form, figures_cache.bilan(form.cleaned_data["date"], region=region, public=not full)


def _page(request, region):
    form, bilan = _read(request, region)
    name = "bilan:region" if region else "bilan:national"
    args = [region.code] if region else []
    day = bilan.day if bilan else None
    query = f"?{urlencode({'date': day.isoformat()})}" if day else ""
    context = {
        "form": form,
        "bilan": bilan,
        "day": day,
        "charts": report.bilan_charts(bilan) if bilan else {},
        "pdf_url": reverse(f"{name}_pdf", args=args) + query,
        "docx_url": reverse(f"{name}_docx", args=args) + query,
        "regions": (
            alphabetical(
                Region.objects.filter(territories__isnull=False).distinct().order_by("name", "code")
            )
            if region is None and bilan
            else []
        ),
        "breadcrumb": breadcrumb(
            ("Bilan", reverse("bilan:national") if region else None),
            *([(region.name, None)] if region else []),
        ),
    }
    return render(request, "bilan/bilan.html", context, status=200 if bilan else 400)


def _download(request, region, kind):
    form, bilan = _read(request, region)
    if bilan is None:
        return _page(request, region)
    where = f"region-{region.code}" if region else "national"
    filename = f"bilan-{where}-{bilan.day.isoformat()}.{kind}"
    if kind == "pdf":
        response = HttpResponse(
            figures_cache.bilan_file(bilan, "pdf"), content_type="application/pdf"
        )
    else:
        response = HttpResponse(figures_cache.bilan_file(bilan, "docx"), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _region(region_code):
    return get_object_or_404(Region, code=region_code)


def national(request):
    return _page(request, None)


def national_pdf(request):
    return _download(request, None, "pdf")


def national_docx(request):
    return _download(request, None, "docx")


def region(request, region_code):
    return _page(request, _region(region_code))


def region_pdf(request, region_code):
    return _download(request, _region(region_code), "pdf")


def region_docx(request, region_code):
    return _download(request, _region(region_code), "docx")

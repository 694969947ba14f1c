"""The one static files storage of the platform: production, `make demo` and the tests.

WhiteNoise's compressed manifest storage, with two changes (docs/decisions/0006):

- Third-party files (`VERBATIM_PREFIXES`: django-dsfr's DSFR build, the packages fetched
  by `scripts/fetch_assets.py`) are served byte for byte as their package ships them. The
  manifest storage rewrites every `url()` of a stylesheet to point at hashed names, which
  changes the file, so its hash no longer matches the `integrity` attribute django-dsfr
  writes beside it and the browser refuses the stylesheet. Such files still get a hashed
  copy (cache-busting) with the original content; what they reference keeps its plain
  name, which is collected too.
- `collectstatic` redoes only what changed: when the collected files, their sizes and
  dates, and this storage are what the last run saw, post-processing is skipped; otherwise
  a compressed `.br` / `.gz` whose content still matches its file is kept instead of being
  compressed again (brotli over DSFR's thousands of files costs more than a minute).
"""

import gzip
import hashlib
import os
from pathlib import Path

import django
from django.conf import settings
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

VERBATIM_PREFIXES = ("dsfr/", "vendor/")
# Beside the manifest: the fingerprint of what the last complete post-processing saw.
INPUTS_NAME = "staticfiles.inputs"


class ReusingCompressor(Compressor):
    """WhiteNoise's compressor, which keeps the compressed copies that are still right."""

    def compress(self, path):
        reused = self._still_valid_outputs(path)
        if reused is not None:
            return reused
        return super().compress(path)

    def _still_valid_outputs(self, path):
        decoders = []
        if self.use_brotli:
            import brotli

            decoders.append((".br", brotli.decompress))
        if self.use_gzip:
            decoders.append((".gz", gzip.decompress))
        if not decoders:
            return None
        data = Path(path).read_bytes()
        outputs = []
        for suffix, decode in decoders:
            try:
                if decode(Path(path + suffix).read_bytes()) != data:
                    return None
            except Exception:  # missing, truncated or foreign file: compress again
                return None
            outputs.append(path + suffix)
        return outputs


class PlatformStaticFilesStorage(CompressedManifestStaticFilesStorage):
    verbatim_prefixes = VERBATIM_PREFIXES

    def url_converter(self, name, hashed_files, template=None):
        if name.startswith(self.verbatim_prefixes):
            return lambda match: match[0]
        return super().url_converter(name, hashed_files, template)

    def create_compressor(self, **kwargs):
        return ReusingCompressor(**kwargs)

    def post_process(self, paths, dry_run=False, **options):
        if dry_run:
            yield from super().post_process(paths, dry_run=dry_run, **options)
            return
        fingerprint = self.inputs_fingerprint(paths)
        if fingerprint is not None and fingerprint == self._read_inputs() and self._complete():
            return
        self._write_inputs(None)
        failed = False
        for name, hashed_name, processed in super().post_process(paths, **options):
            failed = failed or isinstance(processed, Exception)
            yield name, hashed_name, processed
        if not failed:
            self._write_inputs(fingerprint)

    def inputs_fingerprint(self, paths):
        """A digest of every source file (name, size, date) and of how they are processed;
        None when a source is not on the local disk."""
        digest = hashlib.sha256()
        digest.update(Path(__file__).read_bytes())
        context = (
            django.get_version(),
            settings.STATIC_URL,
            getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None),
            getattr(settings, "WHITENOISE_KEEP_ONLY_HASHED_FILES", False),
        )
        digest.update(repr(context).encode())
        for name in sorted(paths):
            source_storage, path = paths[name]
            try:
                stat = os.stat(source_storage.path(path))
            except NotImplementedError:
                return None
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()

    def _complete(self):
        return bool(self.hashed_files) and all(
            self.exists(hashed) for hashed in self.hashed_files.values()
        )

    def _read_inputs(self):
        try:
            return Path(self.path(INPUTS_NAME)).read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotImplementedError):
            return None

    def _write_inputs(self, fingerprint):
        target = Path(self.path(INPUTS_NAME))
        if fingerprint is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(fingerprint + "\n", encoding="ascii")

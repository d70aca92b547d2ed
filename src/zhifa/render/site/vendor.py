"""Third-party browser files the site serves itself (never from a CDN), installed from npm by the Makefile."""

from __future__ import annotations

from pathlib import Path

# site path → file inside node_modules
VENDOR = {
    # Flowcharts (procedure_pages); Material uses this global ``mermaid`` instead of fetching one from unpkg.
    "assets/vendor/mermaid/mermaid.min.js": "mermaid/dist/mermaid.min.js",
    # The engine under the handbook's own search box (site_overrides/assets/zhifa-search.js).
    "assets/vendor/minisearch/minisearch.js": "minisearch/dist/umd/index.js",
}


class VendorMissing(Exception):
    pass


def vendor_files(root: Path) -> dict[str, Path]:
    out, missing = {}, []
    for site_path, module_path in VENDOR.items():
        source = root / "node_modules" / module_path
        if not source.is_file():
            missing.append(module_path)
        out[site_path] = source
    if missing:
        raise VendorMissing(f"缺少 npm 包文件：{', '.join(missing)}；请运行 make build（会执行 npm ci）")
    return out

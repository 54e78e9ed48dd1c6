"""Our own JSON export: a folder of `brands.json`, `categories.json`, `products.json`,
`customers.json` and `orders.json` (each a list), or one file with those keys. See docs/IMPORT.md."""

from __future__ import annotations

from pathlib import Path

from bot.errors import ImportDataError
from bot.store.formats._parse import load_json, parse_list
from bot.store.formats.records import (
    BrandRecord,
    CategoryRecord,
    CustomerRecord,
    OrderRecord,
    ProductRecord,
    Record,
    ShopData,
)

KINDS: dict[str, type[Record]] = {
    "brands": BrandRecord,
    "categories": CategoryRecord,
    "products": ProductRecord,
    "customers": CustomerRecord,
    "orders": OrderRecord,
}


def looks_native(path: Path) -> bool:
    if path.is_dir():
        return any((path / f"{kind}.json").is_file() for kind in KINDS)
    if path.suffix != ".json":
        return False
    if path.stem in KINDS:
        return True
    data = load_json(path)
    return isinstance(data, dict) and bool(set(data) & set(KINDS))


def read_native(path: Path) -> ShopData:
    shop = ShopData()
    if path.is_dir():
        for kind, model in KINDS.items():
            file = path / f"{kind}.json"
            if file.is_file():
                setattr(shop, kind, parse_list(model, load_json(file), file))
                shop.sources[kind] = str(file)
        return shop
    data = load_json(path)
    if path.stem in KINDS and isinstance(data, list):
        setattr(shop, path.stem, parse_list(KINDS[path.stem], data, path))
        shop.sources[path.stem] = str(path)
        return shop
    if not isinstance(data, dict):
        raise ImportDataError(str(path), None, None, "expected an object with lists per kind")
    for kind, model in KINDS.items():
        if kind in data:
            setattr(shop, kind, parse_list(model, data[kind], path))
            shop.sources[kind] = str(path)
    return shop

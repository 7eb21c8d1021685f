"""Server-rendered pages."""

from fastapi import APIRouter

from web.pages import home, imports

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(imports.router)

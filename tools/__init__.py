"""Tools that build and drive the portal from outside its apps, shared by the tests and the
benchmark: data factories and fake documents, the catalogue of every page, bulk seeding, a
throwaway database, a parent over HTTP against gunicorn, and the load test.

This package imports the portal's apps but never `tests` nor `benchmarks`: both import it.
"""

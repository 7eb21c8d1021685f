"""Uploaded files (evidence, 约谈 attachments, imports): what they are, decided from their content.

Issue 14: a declared ``image/*`` type let an SVG "photo" run script in the office's session, and a 0.5 MB
PNG claiming 12,600 × 12,600 pixels cost a gigabyte on every thumbnail view. So: the first bytes decide the
kind against an allow-list (``kinds.py``); photos are decoded once, at upload, under a pixel cap and a
process-wide limit on concurrent decodes, and their thumbnail is stored beside the file (``images.py``);
``checks.py`` turns a request's files into checked ones before anything is written.
"""

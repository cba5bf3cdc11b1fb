# Lessons are data, installed to $(pkgdatadir)/lessons.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA =
EXTRA_DIST += lessons/FORMAT.md

# Lessons are data, installed to $(pkgdatadir)/lessons.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = lessons/welcome.lesson
EXTRA_DIST += lessons/FORMAT.md

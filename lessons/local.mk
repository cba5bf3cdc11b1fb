# Lessons are data, installed to $(pkgdatadir)/lessons.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = lessons/welcome.lesson lessons/fernet.lesson lessons/rsa-real.lesson
EXTRA_DIST += lessons/FORMAT.md

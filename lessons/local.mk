# Lessons are data, installed to $(pkgdatadir)/lessons.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = lessons/welcome.lesson lessons/fernet.lesson
dist_lessons_DATA += lessons/rsa-toy.lesson lessons/rsa-break.lesson
EXTRA_DIST += lessons/FORMAT.md

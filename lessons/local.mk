# Lessons are data, installed to $(pkgdatadir)/lessons.
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = lessons/welcome.lesson lessons/fernet.lesson lessons/dh-paint.lesson \
	lessons/dh-numbers.lesson
EXTRA_DIST += lessons/FORMAT.md

"""Identifying values the protection tests plant and then look for (fictional)."""

NAME = "Скрипник Олексій Вікторович"
PHONE = "+380671234567"
TESTIMONY = "Мій син Олексій Скрипник, вул. Вигадана 1"

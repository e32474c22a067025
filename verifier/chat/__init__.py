"""Answers from the archive whose every sentence cites its passage."""

"""findings stage"""

"""source stage"""

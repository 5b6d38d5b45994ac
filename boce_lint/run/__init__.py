"""run stage"""

"""rulebook stage"""

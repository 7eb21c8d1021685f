"""Org units: the district → town → village tree plus departments, backer units and work teams."""

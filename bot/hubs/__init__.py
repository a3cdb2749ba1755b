"""Local support hubs: a directory of real organisations, found by location, region or town."""

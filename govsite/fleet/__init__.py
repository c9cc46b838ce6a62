"""Many sites on many machines: the sites list read from CSV, site jobs on procrastinate (a
PostgreSQL task queue), the workers that run them and the schedule of the whole fleet."""

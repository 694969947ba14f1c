"""Programme steering: the figures of the programme (now and as of a date), the dashboards'
reads and the bilan report. Reads the domain apps; the pages and the API show it."""

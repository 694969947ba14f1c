"""Every HTML page of the platform: views, forms, URLs and templates, one sub-package per
area (home, territories, plans, directory, accounts). The top layer: pages parse input,
ask the policy (`territoires.permissions`), call the domain services and render DSFR
templates (`templates/<area>/`). The error pages (403, 404, 500) are at the root of
`templates/`."""

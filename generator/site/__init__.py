"""Site: MkDocs Material builds the page chrome (shells) and the build stamps pages into it;
what a build may replace, and how a new site lands."""

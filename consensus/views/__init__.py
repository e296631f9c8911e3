"""The agreement's HTML pages: "Our agreement" for everyone, and the versions, drafts and sign-offs for the people
who work on it. Each view checks the role (403), finds the version through a selector (another authority's or a
hidden one is a 404), calls one service and renders or redirects."""

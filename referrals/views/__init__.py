"""The referral pages (function views): intake, the queue, a referral's page with its screening actions, and the
decision. Each parses input, finds the referral through the selectors, calls one service, then renders or
redirects."""

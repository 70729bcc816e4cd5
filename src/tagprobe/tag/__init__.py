"""Getting the real, pinned Clarity tag onto a page: injected, or answering the site's own snippet."""

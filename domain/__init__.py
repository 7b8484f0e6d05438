"""What redditpulse does: collect Reddit items, score their sentiment, keep them."""

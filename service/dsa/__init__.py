"""The EU Digital Services Act's loop: complaint links, appeals, facts to tell, the export."""

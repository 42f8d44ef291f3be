package dev.leadrouter.pipelinebench;

import java.util.ArrayList;
import java.util.List;

/** Replaces or appends one {@code ## } section of a Markdown document, leaving the others as they are. */
final class MarkdownSections {
    private MarkdownSections() {
    }

    /** {@code document} with the section titled {@code heading} (a "## " line) set to {@code section}, which starts with that line. */
    static String put(String document, String heading, String section) {
        List<String> lines = new ArrayList<>(document.lines().toList());
        int start = lines.indexOf(heading);
        String body = section.strip();
        if (start < 0) {
            String text = document.strip();
            return (text.isEmpty() ? "" : text + "\n\n") + body + "\n";
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<String> result = new ArrayList<>(lines.subList(0, start));
        result.addAll(body.lines().toList());
        if (end < lines.size()) {
            result.add("");
            result.addAll(lines.subList(end, lines.size()));
        }
        return String.join("\n", result).strip() + "\n";
    }
}

package dev.leadrouter.domain;

import java.util.List;
import java.util.Map;

/** An ops-edited rep item (CONTRACT.md, "Rep — table lead-router-reps"); openLeads is kept by the system. */
public class Rep {
    public String repId;
    public String name;
    public String email;
    public List<String> teams = List.of();
    public boolean active = true;
    public int capacity;
    public int openLeads;
    public int weight = 1;
    public List<String> skills = List.of();
    public String timezone;
    /** Day ("mon".."sun") to "HH:mm-HH:mm"; absent means always working. */
    public Map<String, String> workingHours;
    public String awayUntil;
}

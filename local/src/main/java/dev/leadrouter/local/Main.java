package dev.leadrouter.local;
public class Main { public static void main(String[] a) {} }

package dev.reactivedata.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import dev.reactivedata.bench.harness.Row;

/**
 * Draws the ratios as horizontal bars on a log scale centred on 1 (ours = baseline): bars to the right mean ours
 * is faster, to the left slower. Plain {@code java.awt} on a {@link BufferedImage}; run with
 * {@code -Djava.awt.headless=true}.
 */
public final class RatioChart {

	private static final int WIDTH = 1400;

	private static final int MARGIN = 30;

	private static final int ROW_HEIGHT = 54;

	private static final double DECADES = 2;

	private RatioChart() {
	}

	/**
	 * Writes the chart as PNG.
	 * @param rows the table's rows
	 * @param title the chart's title
	 * @param file where to write it
	 * @throws IOException when it cannot be written
	 */
	public static void write(List<Row> rows, String title, Path file) throws IOException {
		int height = MARGIN * 2 + 70 + Math.max(1, rows.size()) * ROW_HEIGHT + 30;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.DARK_GRAY);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
			g.drawString(title, MARGIN, MARGIN + 8);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			g.drawString("ratio = ours ÷ baseline (log scale; right of 1 = ours faster; within the band = under 15%, noise)",
					MARGIN, MARGIN + 30);

			// Room either side for the value printed at the end of a bar clamped at 0.01 or 100.
			int left = MARGIN + 50;
			int right = WIDTH - MARGIN - 60;
			int top = MARGIN + 60;
			int bottom = top + rows.size() * ROW_HEIGHT;
			int one = x(1.0, left, right);
			// Noise band: ±15 %.
			g.setColor(new Color(235, 235, 235));
			int bandLeft = x(1 / 1.15, left, right);
			g.fillRect(bandLeft, top - 6, x(1.15, left, right) - bandLeft, bottom - top + 6);
			// Grid: 0.01 … 100.
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			for (double tick : new double[] { 0.01, 0.1, 0.5, 1, 2, 10, 100 }) {
				int tx = x(tick, left, right);
				g.setColor(tick == 1 ? Color.GRAY : new Color(215, 215, 215));
				g.setStroke(new BasicStroke(tick == 1 ? 2f : 1f));
				g.drawLine(tx, top - 6, tx, bottom);
				g.setColor(Color.GRAY);
				String label = (tick < 1) ? String.valueOf(tick) : String.format(Locale.ROOT, "%.0f", tick);
				g.drawString(label, tx - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
			}
			g.setStroke(new BasicStroke(1f));
			for (int i = 0; i < rows.size(); i++) {
				Row row = rows.get(i);
				int y = top + i * ROW_HEIGHT;
				g.setColor(Color.BLACK);
				g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
				g.drawString(fit(row.scenario(), g.getFontMetrics(), WIDTH - 2 * MARGIN), MARGIN, y + 12);
				double ratio = row.ratio();
				if (Double.isNaN(ratio) || ratio <= 0) {
					g.drawString("n/a", one + 6, y + 34);
					continue;
				}
				int end = x(ratio, left, right);
				boolean faster = ratio >= 1;
				boolean noise = ratio > 1 / 1.15 && ratio < 1.15;
				g.setColor(noise ? new Color(150, 150, 150) : faster ? new Color(46, 139, 87) : new Color(205, 92, 52));
				int barLeft = Math.min(one, end);
				g.fillRect(barLeft, y + 20, Math.max(2, Math.abs(end - one)), 20);
				g.setColor(Color.BLACK);
				g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
				String text = String.format(Locale.ROOT, "%.2f", ratio);
				int width = g.getFontMetrics().stringWidth(text);
				g.drawString(text, faster ? Math.max(end, one) + 6 : Math.min(end, one) - width - 6, y + 35);
			}
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", file.toFile());
	}

	private static int x(double ratio, int left, int right) {
		double clamped = Math.max(Math.pow(10, -DECADES), Math.min(Math.pow(10, DECADES), ratio));
		double fraction = (Math.log10(clamped) + DECADES) / (2 * DECADES);
		return left + (int) Math.round(fraction * (right - left));
	}

	private static String fit(String text, FontMetrics metrics, int width) {
		if (metrics.stringWidth(text) <= width) {
			return text;
		}
		String shortened = text;
		while (shortened.length() > 4 && metrics.stringWidth(shortened + "…") > width) {
			shortened = shortened.substring(0, shortened.length() - 1);
		}
		return shortened + "…";
	}

}
